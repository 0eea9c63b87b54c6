"""API tests share the root conftest's `as_` and `demo_app` fixtures."""
