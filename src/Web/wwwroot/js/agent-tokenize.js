// The agent's payment form: the card or bank number typed by the agent goes from the browser straight to the
// processor's tokenization endpoint (the sandbox's here), never to the web server; only the token comes back.
export async function tokenize(kind, ids) {
    const read = id => { const e = document.getElementById(id); return e ? e.value.replace(/\s+/g, '') : ''; };
    const body = kind === 'card'
        ? { cardNumber: read(ids.card) }
        : { routingNumber: read(ids.routing), accountNumber: read(ids.account) };
    const response = await fetch('/api/v1/payments/sandbox/tokens', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        credentials: 'omit',
    });
    for (const id of Object.values(ids)) {
        const e = document.getElementById(id);
        if (e) { e.value = ''; }
    }
    if (!response.ok) {
        return null;
    }
    return await response.json();
}

export function download(name, text) {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
}
