// All visitor state lives in ONE localStorage key; every access is wrapped so a
// blocked or full storage never throws into the page (we fall back to memory).
//
// Layout of the JSON object under "touchpoint" (short keys: it is read on every page):
//   v  visitor id (UUID, for stable sampling)    n  page views counted by the widget
//   k  visit count (a visit ends after 30 min)   t  time of the last page view (ms)
//   l  time of the last display of any survey (site cooldown)
//   s  {surveyId: {d: last display, e: visit number of that display, a: answered, x: dismissed}}
//   c  cart item count (0 after a purchase)      i  traits from touchpoint('identify')
//   q  delivery queue: [{k: 'r'|'e', i: id, b: body, s: site key (events), n: failures, w: next try}]

export const KEY = 'touchpoint'
let mem = {}, ro

/** Preview mode (and a failed write) switches to memory-only state. */
export const memoryOnly = () => { ro = 1 }

/** The current state: a fresh object from storage on every call. */
export function load() {
  try { if (!ro) return JSON.parse(localStorage.getItem(KEY)) || {} } catch (e) {}
  return mem
}

/** Read-modify-write, so several tabs clobber each other as little as possible. */
export function upd(fn) {
  const s = load()
  fn(s)
  try { if (!ro) return localStorage.setItem(KEY, JSON.stringify(s)) } catch (e) { ro = 1 }
  mem = s
}
