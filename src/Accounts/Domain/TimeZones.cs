using System.Collections.Frozen;

namespace Collections.Accounts.Domain;

/// <summary>
/// Where a consumer's local time comes from: the IANA zone of a US address (its state, or the ZIP
/// prefix where a state spans two zones) and of a North American phone number's area code. Tables,
/// not rules: a zone that is wrong for a consumer is overridden on the address, never patched here.
/// </summary>
public static class TimeZones
{
    /// <summary>Every state's (and territory's) main zone: where most of its people live.</summary>
    private static readonly (string Zone, string States)[] MainZones =
    [
        ("America/New_York", "CT DE DC FL GA KY ME MD MA NH NJ NY NC OH PA RI SC VT VA WV"),
        ("America/Detroit", "MI"),
        ("America/Indiana/Indianapolis", "IN"),
        ("America/Chicago", "AL AR IL IA KS LA MN MS MO NE ND OK SD TN TX WI"),
        ("America/Denver", "CO MT NM UT WY"),
        ("America/Boise", "ID"),
        ("America/Phoenix", "AZ"),
        ("America/Los_Angeles", "CA NV OR WA"),
        ("America/Anchorage", "AK"),
        ("Pacific/Honolulu", "HI"),
        ("America/Puerto_Rico", "PR"),
        ("America/St_Thomas", "VI"),
        ("Pacific/Guam", "GU"),
        ("Pacific/Saipan", "MP"),
        ("Pacific/Pago_Pago", "AS"),
    ];

    private static readonly FrozenDictionary<string, string> StateZones = MainZones
        .SelectMany(z => z.States.Split(' ').Select(state => KeyValuePair.Create(state, z.Zone)))
        .ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Three-digit ZIP prefixes of a state whose area lies in another zone than the state's main one
    /// (the Florida panhandle west of the Apalachicola, East Tennessee, West Kentucky, El Paso, …).
    /// </summary>
    private static readonly (string Zone, string Prefixes)[] ZipPrefixExceptions =
    [
        ("America/Chicago", "324 325"), // FL: Panama City, Pensacola
        ("America/New_York", "373 374 376 377 378 379"), // TN: Chattanooga, Johnson City, Knoxville
        ("America/Chicago", "420 421 422 423 424"), // KY: Paducah, Bowling Green, Owensboro, Henderson
        ("America/Chicago", "463 464 476 477"), // IN: Gary (Lake and Porter counties), Evansville
        ("America/Denver", "798 799 885"), // TX: El Paso
        ("America/Denver", "586"), // ND: Dickinson
        ("America/Denver", "577"), // SD: Rapid City
        ("America/Denver", "693"), // NE: Scottsbluff
        ("America/Los_Angeles", "835 838"), // ID: Lewiston, Coeur d'Alene
        ("America/Boise", "979"), // OR: Ontario, Malheur County
    ];

    private static readonly FrozenDictionary<string, string> ZipPrefixZones = ZipPrefixExceptions
        .SelectMany(z => z.Prefixes.Split(' ').Select(prefix => KeyValuePair.Create(prefix, z.Zone)))
        .ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>North American area codes by state or province (overlays included), the common ones.</summary>
    private static readonly (string Region, string Codes)[] AreaCodesByRegion =
    [
        ("AL", "205 251 256 334 659 938"), ("AK", "907"), ("AZ", "480 520 602 623 928"), ("AR", "479 501 870"),
        ("CA", "209 213 279 310 323 341 350 408 415 424 442 510 530 559 562 619 626 628 650 657 661 669 707 714 747 760 805 818 820 831 840 858 909 916 925 949 951"),
        ("CO", "303 719 720 970 983"), ("CT", "203 475 860 959"), ("DE", "302"), ("DC", "202 771"),
        ("FL", "239 305 321 352 386 407 448 561 656 689 727 754 772 786 813 850 863 904 941 954"),
        ("GA", "229 404 470 478 678 706 762 770 912 943"), ("HI", "808"), ("ID", "208 986"),
        ("IL", "217 224 309 312 331 447 464 618 630 708 730 773 779 815 847 861 872"),
        ("IN", "260 317 463 574 765 812 930"), ("IA", "319 515 563 641 712"), ("KS", "316 620 785 913"),
        ("KY", "502 606 859"), ("LA", "225 318 337 504 985"), ("ME", "207"), ("MD", "240 301 410 443 667"),
        ("MA", "339 351 413 508 617 774 781 857 978"), ("MI", "231 248 269 313 517 586 616 734 810 906 947 989"),
        ("MN", "218 320 507 612 651 763 952"), ("MS", "228 601 662 769"), ("MO", "314 417 573 636 660 816"),
        ("MT", "406"), ("NE", "308 402 531"), ("NV", "702 725 775"), ("NH", "603"),
        ("NJ", "201 551 609 640 732 848 856 862 908 973"), ("NM", "505 575"),
        ("NY", "212 315 332 347 516 518 585 607 631 646 680 716 718 838 845 914 917 929 934"),
        ("NC", "252 336 704 743 828 910 919 980 984"), ("ND", "701"),
        ("OH", "216 220 234 326 330 380 419 440 513 567 614 740 937"), ("OK", "405 539 580 918"),
        ("OR", "458 503 541 971"), ("PA", "215 223 267 272 412 445 484 570 582 610 717 724 814 835 878"),
        ("RI", "401"), ("SC", "803 839 843 854 864"), ("SD", "605"), ("TN", "615 629 731 901 931"),
        ("TX", "210 214 254 281 325 346 361 409 430 432 469 512 682 713 726 737 806 817 830 832 903 936 940 945 956 972 979"),
        ("UT", "385 435 801"), ("VT", "802"), ("VA", "276 434 540 571 703 757 804 826 948"),
        ("WA", "206 253 360 425 509 564"), ("WV", "304 681"), ("WI", "262 274 414 534 608 715 920"), ("WY", "307"),
        ("PR", "787 939"), ("VI", "340"), ("GU", "671"), ("AS", "684"), ("MP", "670"),
    ];

    /// <summary>Area codes whose zone is not their state's main zone, and Canadian ones.</summary>
    private static readonly (string Zone, string Codes)[] AreaCodeZoneExceptions =
    [
        ("America/Chicago", "219 270 364"), // IN: Gary; KY: the west
        ("America/New_York", "423 865"), // TN: the east
        ("America/Denver", "915"), // TX: El Paso
        ("America/Toronto", "226 249 289 343 365 416 437 519 548 613 647 705 807 905"),
        ("America/Montreal", "367 418 438 450 514 579 581 819 873"),
        ("America/Vancouver", "236 250 604 672 778"),
        ("America/Edmonton", "368 403 587 780 825"),
        ("America/Winnipeg", "204 431"),
        ("America/Regina", "306 639"),
        ("America/Halifax", "782 902"),
        ("America/St_Johns", "709"),
    ];

    private static readonly FrozenDictionary<string, string> AreaCodeZones = BuildAreaCodeZones();

    /// <summary>The zone of a US address: the ZIP prefix's where the state spans two zones, else the state's main zone; null when the state is unknown.</summary>
    public static string? OfAddress(string? state, string? postalCode)
    {
        if (state is null || !StateZones.TryGetValue(state, out var main))
        {
            return null;
        }

        var prefix = postalCode is { Length: >= 3 } && postalCode[..3].All(char.IsAsciiDigit) ? postalCode[..3] : null;
        return prefix is not null && ZipPrefixZones.TryGetValue(prefix, out var zone) && ZipPrefixIsIn(state, prefix) ? zone : main;
    }

    /// <summary>The zone of an E.164 North American number's area code; null for other countries and unknown codes.</summary>
    public static string? OfPhone(string e164) =>
        e164.Length == 12 && e164.StartsWith("+1", StringComparison.Ordinal) && AreaCodeZones.TryGetValue(e164[2..5], out var zone) ? zone : null;

    /// <summary>Whether <paramref name="zone"/> is an IANA zone this system knows.</summary>
    public static bool IsKnownZone(string? zone) =>
        !string.IsNullOrWhiteSpace(zone) && zone.Length <= 64 && zone.Contains('/', StringComparison.Ordinal)
        && TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _);

    // A ZIP prefix moves a zone only within its own state (a mistyped state keeps the state's zone).
    private static bool ZipPrefixIsIn(string state, string prefix) => (state, prefix[0]) switch
    {
        ("FL", '3') or ("TN", '3') or ("KY", '4') or ("IN", '4') or ("TX", '7' or '8') or ("ND", '5') or ("SD", '5') => true,
        ("NE", '6') or ("ID", '8') or ("OR", '9') => true,
        _ => false,
    };

    private static FrozenDictionary<string, string> BuildAreaCodeZones()
    {
        var zones = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (region, codes) in AreaCodesByRegion)
        {
            foreach (var code in codes.Split(' '))
            {
                zones[code] = StateZones[region];
            }
        }

        foreach (var (zone, codes) in AreaCodeZoneExceptions)
        {
            foreach (var code in codes.Split(' '))
            {
                zones[code] = zone;
            }
        }

        return zones.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
