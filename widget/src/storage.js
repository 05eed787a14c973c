// All visitor state lives in ONE localStorage key; every access is wrapped so a
// blocked or full storage never throws into the page (we fall back to memory).
//
// The state object under "touchpoint". Its property names end in "_": the build
// shortens them to the letters in brackets (mangle-cache.json keeps them stable,
// because they are stored in visitors' browsers):
//   visitorId_ (v)    UUID, for stable sampling      pageViews_ (n)  page views counted by the widget
//   visits_ (k)       visit count (30 min gap)       lastPageView_ (t)  time of the last page view (ms)
//   lastDisplay_ (l)  last display of any survey (site cooldown)
//   surveys_ (s)      {surveyId: {displayedAt_ (d), displayVisit_ (e): visit number of that display,
//                                 answeredAt_ (a), dismissedAt_ (x)}}
//   cartItems_ (c)    cart item count (0 after a purchase)   traits_ (i)  from touchpoint('identify')
//   queue_ (q)        delivery queue: [{kind_ (k): 'r'|'e', id_ (i), body_ (b), site_ (s): site key of an
//                     event, failures_ (n), nextTry_ (w)}]

export const KEY = 'touchpoint'
let memory = {}, memoryOnlyMode

/** Preview mode (and a failed write) switches to memory-only state. */
export const memoryOnly = () => { memoryOnlyMode = 1 }

/** The current state: a fresh object from storage on every call. */
export function load() {
  try { if (!memoryOnlyMode) return JSON.parse(localStorage.getItem(KEY)) || {} } catch (error) {}
  return memory
}

/** Read-modify-write, so several tabs clobber each other as little as possible. */
export function update(change) {
  const state = load()
  change(state)
  try { if (!memoryOnlyMode) return localStorage.setItem(KEY, JSON.stringify(state)) } catch (error) { memoryOnlyMode = 1 }
  memory = state
}
