<?php
/**
 * Plugin Name:       Touchpoint surveys
 * Description:       Loads the Touchpoint survey widget and tells it about the WooCommerce cart and purchases.
 * Version:           0.2.0
 * Requires at least: 5.8
 * Requires PHP:      7.4
 * License:           MIT
 * Text Domain:       touchpoint
 *
 * Settings → Touchpoint holds the server and the site key. TOUCHPOINT_HOST and TOUCHPOINT_SITE_KEY,
 * when defined in wp-config.php (how 0.1 was configured), take precedence over the settings.
 */

if (!defined('ABSPATH')) {
    exit;
}

const TOUCHPOINT_OPTION = 'touchpoint_settings';
const TOUCHPOINT_SITE_KEY_PATTERN = '/^[A-Za-z0-9_-]{4,32}$/'; // the server's SITE_KEY_PATTERN

/** The server origin and site key in effect: wp-config.php constants first, then the settings. */
function touchpoint_settings()
{
    $saved = get_option(TOUCHPOINT_OPTION, array());
    $saved = is_array($saved) ? $saved : array();
    return array(
        'server' => defined('TOUCHPOINT_HOST') ? (string) TOUCHPOINT_HOST : (string) ($saved['server'] ?? ''),
        'site_key' => defined('TOUCHPOINT_SITE_KEY') ? (string) TOUCHPOINT_SITE_KEY : (string) ($saved['site_key'] ?? ''),
    );
}

/** A server origin as stored: http(s)://host[:port], no path, or '' when it is not one. */
function touchpoint_clean_server($value)
{
    $value = trim((string) $value);
    $parts = preg_match('#^https?://[^\s"\'<>]+$#i', $value) ? wp_parse_url($value) : false;
    if (!$parts || empty($parts['host']) || !preg_match('/^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/', $parts['host'])) {
        return '';
    }
    $path = $parts['path'] ?? '';
    if (($path !== '' && $path !== '/') || isset($parts['query']) || isset($parts['user'])) {
        return '';
    }
    return strtolower($parts['scheme']) . '://' . strtolower($parts['host']) . (isset($parts['port']) ? ':' . (int) $parts['port'] : '');
}

/** A site key as the server writes them, or ''. */
function touchpoint_clean_site_key($value)
{
    $key = trim((string) $value);
    return preg_match(TOUCHPOINT_SITE_KEY_PATTERN, $key) ? $key : '';
}

/** Configured means both values are valid; until then nothing is printed on the site. */
function touchpoint_configured()
{
    $settings = touchpoint_settings();
    return touchpoint_clean_server($settings['server']) !== '' && touchpoint_clean_site_key($settings['site_key']) !== '';
}

/** JSON that is safe inside a <script> element. */
function touchpoint_json($value)
{
    return wp_json_encode($value, JSON_HEX_TAG | JSON_HEX_AMP | JSON_HEX_APOS | JSON_HEX_QUOT);
}

/* ---- the front end ------------------------------------------------------------------------- */

/** The queue stub and the widget, early in <head>; the widget loads async and never blocks. */
function touchpoint_head()
{
    if (!touchpoint_configured()) {
        return;
    }
    $settings = touchpoint_settings();
    echo "<script>window.touchpoint=window.touchpoint||function(){(touchpoint.q=touchpoint.q||[]).push(arguments)}</script>\n";
    printf(
        "<script async src=\"%s\" data-site=\"%s\"></script>\n",
        esc_url(touchpoint_clean_server($settings['server']) . '/widget.js'),
        esc_attr(touchpoint_clean_site_key($settings['site_key']))
    );
}
add_action('wp_head', 'touchpoint_head', 1);

/**
 * WooCommerce: the cart on the cart and checkout pages (never cached by page caches,
 * unlike other pages, so the count is this visitor's), the purchase on "order received".
 */
function touchpoint_woocommerce()
{
    if (!touchpoint_configured() || !function_exists('WC') || !WC()->cart) {
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
 * Cart changes on other pages: classic AJAX add-to-cart buttons fire jQuery's "added_to_cart";
 * block themes change the cart through the Store API and fire nothing, so woocommerce-cart.js
 * reads the Store API cart after each of its writes. One file, printed inline (no extra request).
 */
function touchpoint_woocommerce_ajax()
{
    if (!touchpoint_configured() || !function_exists('WC')) {
        return;
    }
    $script = file_get_contents(__DIR__ . '/woocommerce-cart.js');
    printf("<script data-cart=\"%s\">\n%s</script>\n", esc_url(rest_url('wc/store/v1/cart')), $script);
}
add_action('wp_footer', 'touchpoint_woocommerce_ajax', 20);

/* ---- the admin: Settings → Touchpoint ------------------------------------------------------- */

/** The option, its sanitizer and the page's fields, through the Settings API (options.php checks nonce and capability). */
function touchpoint_register_settings()
{
    register_setting('touchpoint', TOUCHPOINT_OPTION, array(
        'type' => 'array',
        'sanitize_callback' => 'touchpoint_sanitize',
        'default' => array('server' => '', 'site_key' => ''),
    ));
    add_settings_section('touchpoint_main', '', '__return_false', 'touchpoint');
    add_settings_field('touchpoint_server', __('Touchpoint server', 'touchpoint'), 'touchpoint_field_server', 'touchpoint',
        'touchpoint_main', array('label_for' => 'touchpoint_server'));
    add_settings_field('touchpoint_site_key', __('Site key', 'touchpoint'), 'touchpoint_field_site_key', 'touchpoint',
        'touchpoint_main', array('label_for' => 'touchpoint_site_key'));
}
add_action('admin_init', 'touchpoint_register_settings');

/** Keep only valid values; an invalid one keeps the saved value and says why. */
function touchpoint_sanitize($input)
{
    $saved = get_option(TOUCHPOINT_OPTION, array());
    $saved = is_array($saved) ? $saved : array();
    $input = is_array($input) ? $input : array();
    $out = array('server' => (string) ($saved['server'] ?? ''), 'site_key' => (string) ($saved['site_key'] ?? ''));

    $server = trim((string) ($input['server'] ?? ''));
    if ($server === '' || touchpoint_clean_server($server) !== '') {
        $out['server'] = touchpoint_clean_server($server);
    } else {
        add_settings_error(TOUCHPOINT_OPTION, 'touchpoint_server',
            __('The Touchpoint server must be an address such as https://touchpoint.example.com, without a path.', 'touchpoint'));
    }
    $key = trim((string) ($input['site_key'] ?? ''));
    if ($key === '' || touchpoint_clean_site_key($key) !== '') {
        $out['site_key'] = $key;
    } else {
        add_settings_error(TOUCHPOINT_OPTION, 'touchpoint_site_key',
            __('The site key is 4 to 32 letters, digits, "-" or "_", as shown in Touchpoint.', 'touchpoint'));
    }
    return $out;
}

function touchpoint_field_server()
{
    $settings = touchpoint_settings();
    printf('<input type="text" class="regular-text code" id="touchpoint_server" name="%s[server]" value="%s" placeholder="https://touchpoint.example.com"%s>',
        esc_attr(TOUCHPOINT_OPTION), esc_attr($settings['server']), disabled(defined('TOUCHPOINT_HOST'), true, false));
    echo '<p class="description">' . esc_html__('The address of your Touchpoint server, without a path.', 'touchpoint') . '</p>';
}

function touchpoint_field_site_key()
{
    $settings = touchpoint_settings();
    printf('<input type="text" class="regular-text code" id="touchpoint_site_key" name="%s[site_key]" value="%s" autocomplete="off"%s>',
        esc_attr(TOUCHPOINT_OPTION), esc_attr($settings['site_key']), disabled(defined('TOUCHPOINT_SITE_KEY'), true, false));
    echo '<p class="description">' . esc_html__('Shown in Touchpoint on the site\'s page and in its snippet (data-site).', 'touchpoint') . '</p>';
}

function touchpoint_add_page()
{
    add_options_page(__('Touchpoint', 'touchpoint'), __('Touchpoint', 'touchpoint'), 'manage_options', 'touchpoint', 'touchpoint_render_page');
}
add_action('admin_menu', 'touchpoint_add_page');

/** The settings form and the "Test connection" button, which tests what is in the form, saved or not. */
function touchpoint_render_page()
{
    if (!current_user_can('manage_options')) {
        return;
    }
    ?>
    <div class="wrap">
        <h1><?php echo esc_html(get_admin_page_title()); ?></h1>
        <?php if (defined('TOUCHPOINT_HOST') || defined('TOUCHPOINT_SITE_KEY')) : ?>
            <p><?php esc_html_e('Values defined in wp-config.php (TOUCHPOINT_HOST, TOUCHPOINT_SITE_KEY) are used and cannot be changed here.', 'touchpoint'); ?></p>
        <?php endif; ?>
        <form action="options.php" method="post">
            <?php
            settings_fields('touchpoint');
            do_settings_sections('touchpoint');
            ?>
            <p>
                <button type="button" class="button" id="touchpoint-test"
                        data-nonce="<?php echo esc_attr(wp_create_nonce('touchpoint_test_connection')); ?>"><?php esc_html_e('Test connection', 'touchpoint'); ?></button>
                <span id="touchpoint-test-result" role="status" aria-live="polite"></span>
            </p>
            <?php submit_button(); ?>
        </form>
    </div>
    <script>
    document.getElementById('touchpoint-test').addEventListener('click', function () {
        var button = this, result = document.getElementById('touchpoint-test-result'), body = new FormData();
        body.append('action', 'touchpoint_test_connection');
        body.append('_ajax_nonce', button.dataset.nonce);
        body.append('server', document.getElementById('touchpoint_server').value);
        body.append('site_key', document.getElementById('touchpoint_site_key').value);
        button.disabled = true;
        result.textContent = <?php echo touchpoint_json(__('Testing…', 'touchpoint')); ?>;
        delete result.dataset.status;
        fetch(ajaxurl, { method: 'POST', body: body, credentials: 'same-origin' })
            .then(function (r) { return r.json(); })
            .then(function (answer) { result.textContent = answer.data.message; result.dataset.status = answer.data.status; })
            .catch(function () { result.textContent = <?php echo touchpoint_json(__('The test could not run: reload the page and try again.', 'touchpoint')); ?>; })
            .then(function () { button.disabled = false; });
    });
    </script>
    <?php
}

/** This WordPress site's origin, as a visitor's browser sends it in the Origin header. */
function touchpoint_site_origin()
{
    $parts = wp_parse_url(home_url());
    return $parts['scheme'] . '://' . $parts['host'] . (isset($parts['port']) ? ':' . $parts['port'] : '');
}

/**
 * What the widget would get on this site: the config endpoint asked from WordPress with the
 * site's own Origin. Returns array(status, message); status is ok, unknown_key, domain_not_allowed,
 * unreachable, invalid or unexpected.
 */
function touchpoint_test_connection($server, $site_key)
{
    if ($server === '' || $site_key === '') {
        return array('invalid', __('Enter a valid Touchpoint server address and site key first.', 'touchpoint'));
    }
    $origin = touchpoint_site_origin();
    $response = wp_remote_get($server . '/v1/sites/' . rawurlencode($site_key) . '/config', array(
        'timeout' => 10,
        'redirection' => 0,
        'headers' => array('Origin' => $origin, 'Accept' => 'application/json'),
    ));
    if (is_wp_error($response)) {
        /* translators: %s: the error of the HTTP request */
        return array('unreachable', sprintf(__('The Touchpoint server could not be reached: %s', 'touchpoint'), $response->get_error_message()));
    }
    $code = (int) wp_remote_retrieve_response_code($response);
    $body = json_decode(wp_remote_retrieve_body($response), true);
    if ($code === 403) {
        /* translators: %s: this site's domain, e.g. shop.example */
        return array('domain_not_allowed', sprintf(__('This domain is not allowed: add %s to the allowed domains in Touchpoint\'s site settings.', 'touchpoint'), wp_parse_url($origin, PHP_URL_HOST)));
    }
    // an unknown key gets 200 with "site": null (the widget must leave no error in the page's console)
    if ($code === 404 || ($code === 200 && is_array($body) && array_key_exists('site', $body) && $body['site'] === null)) {
        return array('unknown_key', __('The server knows no site with this key: copy it again from Touchpoint.', 'touchpoint'));
    }
    if ($code === 200 && is_array($body) && isset($body['surveys']) && is_array($body['surveys'])) {
        $count = count($body['surveys']);
        /* translators: %d: number of active surveys */
        return array('ok', sprintf(_n('Connected: %d active survey.', 'Connected: %d active surveys.', $count, 'touchpoint'), $count));
    }
    /* translators: %d: HTTP status code */
    return array('unexpected', sprintf(__('This does not look like a Touchpoint server (HTTP %d).', 'touchpoint'), $code));
}

/** admin-ajax: "Test connection", for administrators only, with the page's nonce. */
function touchpoint_ajax_test_connection()
{
    check_ajax_referer('touchpoint_test_connection');
    if (!current_user_can('manage_options')) {
        wp_send_json_error(array('status' => 'forbidden', 'message' => __('You are not allowed to do this.', 'touchpoint')), 403);
    }
    $settings = touchpoint_settings();
    $server = defined('TOUCHPOINT_HOST') ? $settings['server'] : wp_unslash($_POST['server'] ?? '');
    $site_key = defined('TOUCHPOINT_SITE_KEY') ? $settings['site_key'] : wp_unslash($_POST['site_key'] ?? '');
    list($status, $message) = touchpoint_test_connection(touchpoint_clean_server($server), touchpoint_clean_site_key($site_key));
    wp_send_json_success(array('status' => $status, 'message' => $message));
}
add_action('wp_ajax_touchpoint_test_connection', 'touchpoint_ajax_test_connection');

/** Until configured, administrators are told what to do (the site shows nothing meanwhile). */
function touchpoint_admin_notice()
{
    if (touchpoint_configured() || !current_user_can('manage_options')) {
        return;
    }
    printf('<div class="notice notice-warning" id="touchpoint-notice"><p>%s <a href="%s">%s</a></p></div>',
        esc_html__('Touchpoint is active but not configured yet, so no survey is shown on your site.', 'touchpoint'),
        esc_url(admin_url('options-general.php?page=touchpoint')),
        esc_html__('Enter your Touchpoint server and site key in Settings → Touchpoint.', 'touchpoint'));
}
add_action('admin_notices', 'touchpoint_admin_notice');

/** A "Settings" link beside Deactivate on the Plugins screen. */
function touchpoint_action_links($links)
{
    array_unshift($links, sprintf('<a href="%s">%s</a>', esc_url(admin_url('options-general.php?page=touchpoint')), esc_html__('Settings', 'touchpoint')));
    return $links;
}
add_filter('plugin_action_links_' . plugin_basename(__FILE__), 'touchpoint_action_links');
