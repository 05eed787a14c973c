// The only two kinds of request the widget makes. No custom headers: a string
// body is sent as text/plain, so neither request needs a CORS preflight.

/** GET the site config once per page view; the HTTP cache revalidates it with the ETag. */
export const getConfig = (base, site) =>
  fetch(base + '/v1/sites/' + encodeURIComponent(site) + '/config', { credentials: 'omit' })
    .then(response => { if (!response.ok) throw response; return response.json() })

/** POST JSON as text/plain. keepalive lets a send survive the page being closed or navigated away. */
export const post = (base, path, body) =>
  fetch(base + path, { method: 'POST', body: JSON.stringify(body), credentials: 'omit', keepalive: true })
