// Arms one survey's trigger on the current page view. Listeners and timers are
// registered through the context (listen_ / cleanup_) so a SPA navigation can remove them all.

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

/**
 * Pure: does the newest scroll sample end a fast upward flick? samples are [time, scrollY],
 * oldest first and newest last; deepest is the deepest scrollY seen on this page.
 */
export function flickUp(samples, deepest) {
  const [time, y] = samples[samples.length - 1]
  return deepest >= SWIPE_DOWN && samples.some(sample => time - sample[0] <= SWIPE_MS && sample[1] - y >= SWIPE_UP)
}

/**
 * page = {listen_(target, type, fn, options), cleanup_(fn), start_ (page view start), touch_ (phone or
 * tablet), fire_, customEvent_(name, fn)}. fire_() may be called repeatedly.
 */
export function arm(trigger, page) {
  const doc = document, win = window, listen = page.listen_, fire = page.fire_, ms = seconds => seconds * 1e3
  let deepest = 0, samples = [], awaySince, visibleSeconds = 0, lastActivity
  // time-based triggers share a 1 s tick (run at once, then every second, until the next page view)
  const tick = check => { check(); const interval = setInterval(check, 1e3); page.cleanup_(() => clearInterval(interval)) }
  // exit intent: pointer out through the top (desktop); a flick up or a return to the tab (touch)
  const exitIntent = (onExit, dwell, touch) => {
    const dwelt = () => now() - page.start_ >= dwell && onExit()
    if (!page.touch_) listen(doc, 'mouseout', event => !event.relatedTarget && event.clientY <= EXIT_TOP && dwelt())
    else if (touch) {
      listen(win, 'scroll', () => {
        const time = now()
        deepest = Math.max(deepest, scrollY)
        samples = samples.filter(sample => time - sample[0] <= SWIPE_MS).concat([[time, scrollY]])
        flickUp(samples, deepest) && dwelt()
      }, { passive: true })
      listen(doc, 'visibilitychange', () => doc.hidden ? awaySince = now() : now() - awaySince >= AWAY_MS && dwelt())
    }
  }
  switch (trigger.type) {
    case 'page_view': return tick(() => now() - page.start_ >= ms(trigger.delay_seconds || 0) && fire())
    // visible time only: a second counts when the page was visible at its tick
    case 'time_on_page': return tick(() => doc.hidden || ++visibleSeconds <= (trigger.seconds || 30) || fire())
    case 'scroll_depth':
      return listen(win, 'scroll', () => (scrollY + innerHeight) * 100 >= (trigger.percent || 50) * doc.documentElement.scrollHeight && fire(), { passive: true })
    case 'click': return listen(doc, 'click', event => event.target.closest(trigger.selector) && fire(), true)
    case 'custom_event': return page.customEvent_(trigger.event, fire)
    case 'exit_intent': return exitIntent(fire, ms(trigger.min_dwell_seconds ?? DWELL), trigger.touch !== false)
    case 'cart_abandonment': {
      const fireIfFull = () => cartFull(trigger.count_selector) && fire(), active = () => { lastActivity = now() }
      trigger.exit_intent !== false && exitIntent(fireIfFull, ms(DWELL), 1)
      // cart_pages as saved: the schema fills in the default (/cart, /checkout); an empty list is no page
      if (anyRule(trigger.cart_pages, location)) {
        // idle: no pointer, key or scroll activity for idle_seconds
        for (const type of ['pointermove', 'pointerdown', 'keydown', 'scroll']) listen(doc, type, active, { passive: true, capture: true })
        active()
        tick(() => now() - lastActivity >= ms(trigger.idle_seconds || 45) && fireIfFull())
      }
    }
  }
}
