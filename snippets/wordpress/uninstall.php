<?php
/**
 * Deleting the plugin from the Plugins screen removes its settings (on every site of a network).
 */

if (!defined('WP_UNINSTALL_PLUGIN')) {
    exit;
}

if (is_multisite()) {
    foreach (get_sites(array('fields' => 'ids', 'number' => 0)) as $touchpoint_blog_id) {
        switch_to_blog($touchpoint_blog_id);
        delete_option('touchpoint_settings');
        restore_current_blog();
    }
} else {
    delete_option('touchpoint_settings');
}
