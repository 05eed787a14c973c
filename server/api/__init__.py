"""HTTP route modules: the public widget API, the admin API, pages and the OpenAPI document."""
