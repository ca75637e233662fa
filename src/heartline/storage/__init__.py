"""Storage: SQLAlchemy repositories behind the services (SQLite or PostgreSQL)."""
