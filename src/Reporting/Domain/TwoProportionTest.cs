namespace Collections.Reporting.Domain;

/// <summary>
/// Two-proportion z-test (pooled) on the share of accounts that paid anything in each arm. Chosen over a t-test on
/// per-account liquidation ratios because those ratios are mostly zero with a long tail, where a t-test's normality
/// assumption is poor at the sample sizes of a strategy test; "paid anything" is binary, and the pooled z-test is the
/// standard test for it once each arm has a handful of payers and non-payers.
/// </summary>
public static class TwoProportionTest
{
    /// <summary>The z statistic and two-sided p-value of the difference between x1/n1 and x2/n2, or null when undefined.</summary>
    public static (double Z, double PValue)? Compare(long x1, long n1, long x2, long n2)
    {
        if (n1 == 0 || n2 == 0)
        {
            return null;
        }

        var pooled = (double)(x1 + x2) / (n1 + n2);
        var standardError = Math.Sqrt(pooled * (1 - pooled) * ((1.0 / n1) + (1.0 / n2)));
        if (standardError == 0)
        {
            return null;
        }

        var z = (((double)x2 / n2) - ((double)x1 / n1)) / standardError;
        return (z, Erfc(Math.Abs(z) / Math.Sqrt(2)));
    }

    /// <summary>Complementary error function (Numerical Recipes' erfcc, fractional error below 1.2e-7).</summary>
    public static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1.0 / (1.0 + (0.5 * z));
        double[] coefficients = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];
        var polynomial = 0.0;
        for (var i = coefficients.Length - 1; i >= 0; i--)
        {
            polynomial = coefficients[i] + (t * polynomial);
        }

        var r = t * Math.Exp(-(z * z) + polynomial);
        return x >= 0 ? r : 2.0 - r;
    }
}
