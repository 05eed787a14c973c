// Touchpoint's Customer Events pixel: Shopify admin → Settings → Customer events →
// Add custom pixel, name it "Touchpoint", paste this file, Save, then Connect.
//
// Pixels run sandboxed and cannot show a survey. This one only leaves a mark in the
// store's own localStorage (the Web Pixels API's `browser.localStorage` writes to the
// top frame) when a checkout completes; touchpoint-shopify.js, loaded by the theme,
// takes the mark on the next storefront page and reports the purchase there.
// Nothing about the order (no id, amount or address) is stored or sent.
analytics.subscribe('checkout_completed', function () {
  return browser.localStorage.setItem('touchpoint_purchase', String(Date.now()));
});
