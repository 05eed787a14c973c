// Small helpers shared by the modules: time, UUIDs, the never-throw wrapper and the debug logger.

export const now = () => Date.now()
export const DAY = 864e5

let logger = () => {}
/** index.js installs the debug logger (console.warn only under ?touchpoint_debug=1). */
export const setLogger = log => { logger = log }
export const warn = (...args) => logger(...args)

/** Wrap an entry point (API call, listener, timer callback) so nothing throws into the page. */
export const safe = fn => function () { try { return fn.apply(this, arguments) } catch (error) { warn(error) } }

/** A v4 UUID: crypto.randomUUID where it exists (secure contexts only), else from getRandomValues. */
export function uuid() {
  const random = crypto
  try { return random.randomUUID() } catch (error) {}
  return '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, digit =>
    (digit ^ random.getRandomValues(new Uint8Array(1))[0] & 15 >> digit / 4).toString(16))
}
