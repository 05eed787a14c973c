<?php
/**
 * Plugin Name: Touchpoint surveys
 * Description: Loads the Touchpoint survey widget and tells it about the WooCommerce cart and purchases.
 * Version:     0.1.0
 * License:     MIT
 *
 * Install: copy this file to wp-content/plugins/touchpoint/touchpoint.php and activate it.
 * Settings: define TOUCHPOINT_HOST and TOUCHPOINT_SITE_KEY in wp-config.php, or replace the
 * {{HOST}} / {{SITE_KEY}} defaults below. TOUCHPOINT_HOST is the server origin with its
 * scheme and no trailing slash, e.g. https://touchpoint.example.com.
 */

if (!defined('ABSPATH')) {
    exit;
}
if (!defined('TOUCHPOINT_HOST')) {
    define('TOUCHPOINT_HOST', '{{HOST}}');
}
if (!defined('TOUCHPOINT_SITE_KEY')) {
    define('TOUCHPOINT_SITE_KEY', '{{SITE_KEY}}');
}

/** JSON that is safe inside a <script> element. */
function touchpoint_json($value)
{
    return wp_json_encode($value, JSON_HEX_TAG | JSON_HEX_AMP | JSON_HEX_APOS | JSON_HEX_QUOT);
}

/** The queue stub and the widget, early in <head>; the widget loads async and never blocks. */
function touchpoint_head()
{
    echo "<script>window.touchpoint=window.touchpoint||function(){(touchpoint.q=touchpoint.q||[]).push(arguments)}</script>\n";
    printf(
        "<script async src=\"%s\" data-site=\"%s\"></script>\n",
        esc_url(untrailingslashit(TOUCHPOINT_HOST) . '/widget.js'),
        esc_attr(TOUCHPOINT_SITE_KEY)
    );
}
add_action('wp_head', 'touchpoint_head', 1);

/**
 * WooCommerce: the cart on the cart and checkout pages (never cached by page caches,
 * unlike other pages, so the count is this visitor's), the purchase on "order received".
 */
function touchpoint_woocommerce()
{
    if (!function_exists('WC') || !WC()->cart) {
        return;
    }
    if (function_exists('is_order_received_page') && is_order_received_page()) {
        echo "<script>touchpoint('purchase')</script>\n";
        return;
    }
    if ((function_exists('is_cart') && is_cart()) || (function_exists('is_checkout') && is_checkout())) {
        $cart = WC()->cart;
        $data = array(
            'items' => (int) $cart->get_cart_contents_count(),
            'value' => (float) $cart->get_total('edit'),
            'currency' => get_woocommerce_currency(),
        );
        echo '<script>touchpoint("cart",' . touchpoint_json($data) . ")</script>\n";
    }
}
add_action('wp_footer', 'touchpoint_woocommerce');

/**
 * AJAX add-to-cart buttons on shop pages: WooCommerce triggers "added_to_cart" on
 * document.body (jQuery) with the cart fragments; one item more is enough to know the
 * cart is not empty, the cart page then reports the exact count.
 */
function touchpoint_woocommerce_ajax()
{
    if (!function_exists('WC')) {
        return;
    }
    echo "<script>window.jQuery&&jQuery(document.body).on('added_to_cart',function(){touchpoint('cart',{items:1})})</script>\n";
}
add_action('wp_footer', 'touchpoint_woocommerce_ajax', 20);
