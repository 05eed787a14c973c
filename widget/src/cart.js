// Cart state for cart_abandonment, from the JS API, GA4 dataLayer events and a CSS
// count selector. Only the item count is kept (storage key "c"); a purchase sets it to 0.

import { load, upd } from './storage.js'

/** Item count of an items value: an array of GA4-like items (quantity, default 1) or a number. */
export const count = it => Array.isArray(it) ? it.reduce((n, i) => n + (+i?.quantity || 1), 0) : Math.max(0, ~~it)

/**
 * The cart count after one dataLayer entry, or undefined when the entry is not about the cart.
 * Understands gtag's ['event', name, params] and GTM's {event: name, ecommerce: params}.
 */
export function dlCart(n, d) {
  const [e, p] = d?.[0] == 'event' ? [d[1], d[2]] : [d?.event, d?.ecommerce], k = count(p?.items || 1)
  return e == 'purchase' ? 0 : e == 'add_to_cart' ? n + k : e == 'remove_from_cart' ? Math.max(0, n - k) : void 0
}

const setN = n => upd(s => { s.c = n })

/**
 * touchpoint('cart', {items, value, currency}); a value > 0 without items counts as one item.
 * touchpoint('purchase') comes here without an argument: an empty cart.
 */
export const setCart = o => setN(o?.items != null ? count(o.items) : +(o?.value > 0))

let dl, seen = 0

/**
 * Apply dataLayer entries not seen yet. The first call on an array reads the entries already
 * there and wraps its push, so later events are applied as they come; decisions call it
 * again in case a tag manager replaced push after us.
 */
export function scanDataLayer() {
  const d = window.dataLayer
  if (!Array.isArray(d)) return
  if (d != dl) {
    const p = d.push
    dl = d; seen = 0
    d.push = function () {
      const r = p.apply(this, arguments)
      try { scanDataLayer() } catch (e) {}
      return r
    }
  }
  for (let n = load().c || 0, m; seen < d.length;) if ((m = dlCart(n, d[seen++])) != null) setN(n = m)
}

/** Is the cart known to be non-empty? Refreshes from dataLayer and the count selector first. */
export function cartFull(sel) {
  scanDataLayer()
  try { setN(~~document.querySelector(sel).textContent.match(/\d+/)) } catch (e) {} // no selector, element or number: keep what we know
  return load().c > 0
}
