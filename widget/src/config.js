// Settings from the widget's own <script> tag: site key, server base, preview and debug flags.

/**
 * Reads `data-site` / `data-preview` from document.currentScript; the server base is the
 * origin of the script src. Where a tag manager loses the tag or its attributes,
 * `touchpoint('init', {site, host})` supplies both (see index.js).
 */
export function settings() {
  const script = document.currentScript || {}, data = script.dataset || {}
  let base = ''
  try { base = new URL(script.src).origin } catch (error) {}
  return { site_: data.site, base_: base, preview_: data.preview != null, debug_: /touchpoint_debug=1/.test(location.search) }
}
