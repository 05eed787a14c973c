// The admin JSON API: same-origin fetch with the session cookie and the CSRF token on writes.

let csrfToken = null
let onUnauthorized = () => {}

export class ApiError extends Error {
  constructor (status, body) {
    super(body?.message || `Request failed (${status})`)
    this.status = status
    this.code = body?.code
    this.errors = body?.errors || {}
  }
}

export const setCsrfToken = token => { csrfToken = token }
export const whenUnauthorized = fn => { onUnauthorized = fn }

/** Call /api/admin{path}; resolves to the parsed JSON (or null for 204), rejects with ApiError. */
export async function api(path, { method = 'GET', body, query } = {}) {
  const url = new URL('/api/admin' + path, location.origin)
  for (const [key, value] of Object.entries(query || {})) {
    if (value != null && value !== '') url.searchParams.set(key, value)
  }
  const headers = { Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken
  let response
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' })
  } catch (e) {
    throw new ApiError(0, { message: 'The server cannot be reached. Check your connection and try again.' })
  }
  const data = response.status === 204 ? null : await response.json().catch(() => null)
  if (response.status === 401 && path !== '/session') onUnauthorized()
  if (!response.ok) throw new ApiError(response.status, data)
  return data
}

/** A same-origin URL under /api/admin with query parameters (for downloads). */
export function apiUrl(path, query = {}) {
  const url = new URL('/api/admin' + path, location.origin)
  for (const [key, value] of Object.entries(query)) if (value != null && value !== '') url.searchParams.set(key, value)
  return url.pathname + url.search
}
