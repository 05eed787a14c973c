// WooCommerce cart changes outside the cart page, printed inline by touchpoint.php in the footer;
// its own tag's data-cart is the Store API cart URL (rest_url('wc/store/v1/cart')).
(function (cartUrl) {
  // Classic themes: AJAX add-to-cart buttons fire "added_to_cart" on document.body (jQuery).
  // One item more is enough to know the cart is not empty; the cart page reports the exact count.
  if (window.jQuery) jQuery(document.body).on('added_to_cart', function () { touchpoint('cart', { items: 1 }) })

  // Block themes (Products, Mini-Cart, Cart blocks) change the cart through the Store API and fire
  // no jQuery event: after any Store API cart write (…/cart/add-item, …/cart/remove-item, …/batch),
  // read the cart from the Store API. Resource timing sees those requests without patching fetch.
  function readCart() {
    fetch(cartUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status) })
      .then(function (cart) {
        var totals = cart.totals || {}
        touchpoint('cart', {
          items: cart.items_count,
          value: totals.total_price / Math.pow(10, totals.currency_minor_unit || 0),
          currency: totals.currency_code
        })
      })
      .catch(function () {})
  }
  var storeWrite = /\/wc\/store(\/v\d+)?\/(cart\/(add|remove|update)-item|batch)/
  try {
    new PerformanceObserver(function (list) {
      if (list.getEntries().some(function (entry) { return storeWrite.test(decodeURIComponent(entry.name)) })) readCart()
    }).observe({ type: 'resource' })
  } catch (e) {}
})(document.currentScript.getAttribute('data-cart'))
