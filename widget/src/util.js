// Small helpers shared by the modules: time, UUIDs, never-throw wrappers.

export const now = () => Date.now()

let log = () => {}
/** index.js installs the debug logger (console.warn only under ?touchpoint_debug=1). */
export const setWarn = f => { log = f }
export const warn = (...a) => log(...a)

/** Wrap an entry point (API call, listener, timer callback) so nothing throws into the page. */
export const safe = f => function () { try { return f.apply(this, arguments) } catch (e) { warn(e) } }
export const DAY = 864e5

/** A v4 UUID: crypto.randomUUID where it exists (secure contexts only), else from getRandomValues. */
export function uuid() {
  const c = crypto
  try { return c.randomUUID() } catch (e) {}
  return '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, d => (d ^ c.getRandomValues(new Uint8Array(1))[0] & 15 >> d / 4).toString(16))
}
