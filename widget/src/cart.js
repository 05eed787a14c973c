// Cart state for cart_abandonment, from the JS API, GA4 dataLayer events and a CSS
// count selector. Only the item count is kept (cartItems_); a purchase sets it to 0.

import { load, update } from './storage.js'

/** Item count of an items value: an array of GA4-like items (quantity, default 1) or a number. */
export const count = items => Array.isArray(items)
  ? items.reduce((total, item) => total + (+item?.quantity || 1), 0) : Math.max(0, ~~items)

/**
 * The cart count after one dataLayer entry, or undefined when the entry is not about the cart.
 * Understands gtag's ['event', name, params] and GTM's {event: name, ecommerce: params}.
 */
export function dataLayerCart(items, entry) {
  const [name, params] = entry?.[0] == 'event' ? [entry[1], entry[2]] : [entry?.event, entry?.ecommerce]
  const added = count(params?.items || 1)
  return name == 'purchase' ? 0 : name == 'add_to_cart' ? items + added
    : name == 'remove_from_cart' ? Math.max(0, items - added) : void 0
}

const setItems = items => update(state => { state.cartItems_ = items })

/**
 * touchpoint('cart', {items, value, currency}); a value > 0 without items counts as one item.
 * touchpoint('purchase') comes here without an argument: an empty cart.
 */
export const setCart = cart => setItems(cart?.items != null ? count(cart.items) : +(cart?.value > 0))

let dataLayer, seen = 0

/**
 * Apply dataLayer entries not seen yet. The first call on an array reads the entries already
 * there and wraps its push, so later events are applied as they come; decisions call it
 * again in case a tag manager replaced push after us.
 */
export function scanDataLayer() {
  const layer = window.dataLayer
  if (!Array.isArray(layer)) return
  if (layer != dataLayer) {
    const push = layer.push
    dataLayer = layer; seen = 0
    layer.push = function () {
      const result = push.apply(this, arguments)
      try { scanDataLayer() } catch (error) {}
      return result
    }
  }
  for (let items = load().cartItems_ || 0, next; seen < layer.length;) {
    if ((next = dataLayerCart(items, layer[seen++])) != null) setItems(items = next)
  }
}

/** Is the cart known to be non-empty? Refreshes from dataLayer and the count selector first. */
export function cartFull(selector) {
  scanDataLayer()
  // no selector, element or number: keep what we know
  try { setItems(~~document.querySelector(selector).textContent.match(/\d+/)) } catch (error) {}
  return load().cartItems_ > 0
}
