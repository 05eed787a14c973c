// Settings from the widget's own <script> tag: site key, server base and the debug flag.

/**
 * Reads `data-site` from document.currentScript; the server base is the
 * origin of the script src. Where a tag manager loses the tag or its attributes,
 * `touchpoint('init', {site, host})` supplies both (see index.js).
 */
export function settings() {
  const script = document.currentScript || {}, data = script.dataset || {}
  let base = ''
  try { base = new URL(script.src).origin } catch (error) {}
  return { site_: data.site, base_: base, debug_: /touchpoint_debug=1/.test(location.search) }
}
