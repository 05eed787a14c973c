// Arms one survey's trigger on the current page view. Listeners and timers are
// registered through the context (c.on / c.add) so a SPA navigation can remove them all.

import { anyRule } from './targeting.js'
import { cartFull } from './cart.js'
import { now } from './util.js'

// Thresholds (the reasons are in widget/README.md, "Triggers")
export const EXIT_TOP = 10        // desktop: the pointer leaves the page within this many px of the top edge
export const SWIPE_DOWN = 300     // touch: after having scrolled down at least this far (px),
export const SWIPE_UP = 150       // an upward scroll of at least this many px
export const SWIPE_MS = 250       // within this time (ms), i.e. ≥ 0.6 px/ms: a flick, not reading
export const AWAY_MS = 15e3       // touch: back on the tab after at least this long away
export const DWELL = 5            // default minimum dwell (s) before exit intent counts
// the documented default cart_pages (path contains /cart or /checkout), as one rule
export const CART_PAGES = [{ match: 'regex', value: '/cart|/checkout', target: 'path' }]

/**
 * Pure: does the newest scroll sample end a fast upward flick? pts are [time, scrollY]
 * samples, oldest first and newest last; max is the deepest scrollY seen on this page.
 */
export function flickUp(pts, max) {
  const [t, y] = pts[pts.length - 1]
  return max >= SWIPE_DOWN && pts.some(p => t - p[0] <= SWIPE_MS && p[1] - y >= SWIPE_UP)
}

/** c = {on, add, t0 (page view start), touch (phone or tablet), fire, ev(name, fn)}. fire() may be called repeatedly. */
export function arm(tr, c) {
  const D = document, W = window, on = c.on, fire = c.fire, s = x => x * 1e3
  let max = 0, pts = [], away, seen = 0, last
  // time-based triggers share a 1 s tick (run at once, then every second, until the next page view)
  const tick = f => { f(); const i = setInterval(f, 1e3); c.add(() => clearInterval(i)) }
  // exit intent: pointer out through the top (desktop); a flick up or a return to the tab (touch)
  const exit = (f, dwell, touch) => {
    const ok = () => now() - c.t0 >= dwell && f()
    if (!c.touch) on(D, 'mouseout', e => !e.relatedTarget && e.clientY <= EXIT_TOP && ok())
    else if (touch) {
      on(W, 'scroll', () => {
        const t = now()
        max = Math.max(max, scrollY)
        pts = pts.filter(p => t - p[0] <= SWIPE_MS).concat([[t, scrollY]])
        flickUp(pts, max) && ok()
      }, { passive: true })
      on(D, 'visibilitychange', () => D.hidden ? away = now() : now() - away >= AWAY_MS && ok())
    }
  }
  switch (tr.type) {
    case 'page_view': return tick(() => now() - c.t0 >= s(tr.delay_seconds || 0) && fire())
    // visible time only: a second counts when the page was visible at its tick
    case 'time_on_page': return tick(() => D.hidden || ++seen <= (tr.seconds || 30) || fire())
    case 'scroll_depth':
      return on(W, 'scroll', () => (scrollY + innerHeight) * 100 >= (tr.percent || 50) * D.documentElement.scrollHeight && fire(), { passive: true })
    case 'click': return on(D, 'click', e => e.target.closest(tr.selector) && fire(), true)
    case 'custom_event': return c.ev(tr.event, fire)
    case 'exit_intent': return exit(fire, s(tr.min_dwell_seconds ?? DWELL), tr.touch !== false)
    case 'cart_abandonment': {
      const f = () => cartFull(tr.count_selector) && fire(), act = () => { last = now() }
      tr.exit_intent !== false && exit(f, s(DWELL), 1)
      if (anyRule((tr.cart_pages || [])[0] ? tr.cart_pages : CART_PAGES, location)) {
        // idle: no pointer, key or scroll activity for idle_seconds
        for (const t of ['pointermove', 'pointerdown', 'keydown', 'scroll']) on(D, t, act, { passive: true, capture: true })
        act()
        tick(() => now() - last >= s(tr.idle_seconds || 45) && f())
      }
    }
  }
}
