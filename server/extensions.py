"""Extensions and services, created unbound here and bound to an app in create_app() with init_app.

Each object holds no app-specific state: what it needs per app lives in
``app.extensions`` under the object's own key, read only by its own module.
"""
from flask_migrate import Migrate

from .database import db
from .delivery.config_cache import ConfigCache
from .delivery.sightings import OriginSightings
from .ingest.ip_salts import IpSalts
from .ingest.survey_views import SurveyViews
from .ingest.writer import ResponseWriter
from .runtime.ratelimit import RateLimiter
from .runtime.redis import RedisConnection

__all__ = ["db", "migrate", "redis", "limiter", "config_cache", "survey_views", "response_writer", "ip_salts",
           "origin_sightings"]

migrate = Migrate()
redis = RedisConnection()
limiter = RateLimiter()
config_cache = ConfigCache()
survey_views = SurveyViews()
response_writer = ResponseWriter()
ip_salts = IpSalts()
origin_sightings = OriginSightings()
