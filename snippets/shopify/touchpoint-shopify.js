/*
  Touchpoint on a Shopify storefront: the one script both install routes load
  (the theme app embed and the theme snippet, see README.md).

  - The cart: /cart.js is read on every page and again whenever the theme or an
    app changes the cart, and the widget is told its item count and value.
  - The purchase: the Customer Events pixel (customer-events.js) leaves a mark in
    this store's localStorage when a checkout completes. The next storefront page
    takes the mark and reports the purchase (which ends the abandoned-cart state)
    and the custom event "purchase", which a survey can be triggered by.
*/
(function () {
  window.touchpoint = window.touchpoint || function () { (touchpoint.q = touchpoint.q || []).push(arguments); };
  var PURCHASE_MARK = 'touchpoint_purchase';
  var MARK_DAYS = 7; // a mark older than this is dropped unreported: the visitor came back long after the order
  var root = (window.Shopify && Shopify.routes && Shopify.routes.root) || '/';

  function readCart() {
    fetch(root + 'cart.js', { credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (c) { touchpoint('cart', { items: c.item_count, value: c.total_price / 100, currency: c.currency }); })
      .catch(function () {});
  }

  function takePurchaseMark() {
    var at;
    try {
      at = Number(localStorage.getItem(PURCHASE_MARK));
      if (!at) return;
      localStorage.removeItem(PURCHASE_MARK);
    } catch (e) { return; } // storage blocked: nothing to take
    if (Date.now() - at > MARK_DAYS * 864e5) return;
    touchpoint('purchase');
    touchpoint('track', 'purchase');
  }

  takePurchaseMark();
  readCart();
  // Best effort, without patching fetch: themes and apps change the cart through the
  // /cart/add, /cart/change, /cart/update and /cart/clear endpoints (fetch, XHR or a
  // form post); a resource timing entry for one of them means "read the cart again".
  try {
    new PerformanceObserver(function (list) {
      if (list.getEntries().some(function (e) { return /\/cart\/(add|change|update|clear)/.test(e.name); })) readCart();
    }).observe({ type: 'resource' });
  } catch (e) {}
})();
