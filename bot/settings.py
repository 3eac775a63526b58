"""Secrets and deployment settings, from the environment only (never from vaktbot.yml)."""

from __future__ import annotations

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.sources.meta.versions import DEFAULT_VERSION, is_version


class Secrets(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", case_sensitive=False, extra="ignore")

    config_path: str = Field("vaktbot.yml", validation_alias="VAKTBOT_CONFIG")
    database_url: str | None = Field(None, validation_alias="VAKTBOT_DATABASE_URL")
    platform: str | None = Field(None, validation_alias="VAKTBOT_PLATFORM")
    http_host: str = Field("127.0.0.1", validation_alias="VAKTBOT_HTTP_HOST")
    http_port: int = Field(3978, validation_alias="VAKTBOT_HTTP_PORT")
    public_url: str | None = Field(None, validation_alias="VAKTBOT_PUBLIC_URL")
    log_level: str = Field("INFO", validation_alias="VAKTBOT_LOG_LEVEL")
    console_out: str | None = Field(None, validation_alias="VAKTBOT_CONSOLE_OUT")
    console_format: str = Field("text", validation_alias="VAKTBOT_CONSOLE_FORMAT")
    # tests and trials only (bot.clock): parsed and checked there, so that a bad value is a
    # one-line error from the command that builds the app, not a traceback from here
    simulated_start: str | None = Field(None, validation_alias="VAKTBOT_SIMULATED_START")
    simulated_speed: str | None = Field(None, validation_alias="VAKTBOT_SIMULATED_SPEED")
    allow_simulated_clock: str | None = Field(
        None, validation_alias="VAKTBOT_ALLOW_SIMULATED_CLOCK"
    )

    slack_bot_token: SecretStr | None = Field(None, validation_alias="SLACK_BOT_TOKEN")
    slack_app_token: SecretStr | None = Field(None, validation_alias="SLACK_APP_TOKEN")
    slack_signing_secret: SecretStr | None = Field(None, validation_alias="SLACK_SIGNING_SECRET")
    slack_api_url: str | None = Field(None, validation_alias="VAKTBOT_SLACK_API_URL")
    slack_mode: str = Field("socket", validation_alias="VAKTBOT_SLACK_MODE")  # socket | http

    teams_app_id: str | None = Field(
        None, validation_alias=AliasChoices("MicrosoftAppId", "MICROSOFT_APP_ID")
    )
    teams_app_password: SecretStr | None = Field(
        None, validation_alias=AliasChoices("MicrosoftAppPassword", "MICROSOFT_APP_PASSWORD")
    )
    teams_tenant_id: str | None = Field(
        None, validation_alias=AliasChoices("MicrosoftAppTenantId", "MICROSOFT_APP_TENANT_ID")
    )
    teams_app_type: str = Field(
        "SingleTenant", validation_alias=AliasChoices("MicrosoftAppType", "MICROSOFT_APP_TYPE")
    )

    graph_api_url: str = Field(
        "https://graph.facebook.com", validation_alias="VAKTBOT_GRAPH_API_URL"
    )
    graph_api_version: str = Field(DEFAULT_VERSION, validation_alias="VAKTBOT_GRAPH_API_VERSION")
    # Instagram accounts with "login: instagram" (Instagram API with Instagram Login)
    instagram_api_url: str = Field(
        "https://graph.instagram.com", validation_alias="VAKTBOT_INSTAGRAM_API_URL"
    )
    meta_app_secret: SecretStr | None = Field(None, validation_alias="META_APP_SECRET")
    meta_verify_token: SecretStr | None = Field(None, validation_alias="META_VERIFY_TOKEN")
    webhook_secret: SecretStr | None = Field(None, validation_alias="VAKTBOT_WEBHOOK_SECRET")
    # unset: generated on first use and kept in the database (App.feed_secret / author_salt)
    feed_secret: SecretStr | None = Field(None, validation_alias="VAKTBOT_FEED_SECRET")
    author_salt: SecretStr | None = Field(None, validation_alias="VAKTBOT_AUTHOR_SALT")

    @field_validator("graph_api_version")
    @classmethod
    def _graph_version(cls, v: str) -> str:
        if not is_version(v.strip()):
            raise ValueError(f"expected a Graph API version like {DEFAULT_VERSION}, got {v!r}")
        return v.strip()

    def chosen_platform(self, configured: str | None = None) -> str:
        """console unless Slack or Teams credentials are present (or a platform is named)."""
        if self.platform:
            return self.platform
        if configured:
            return configured
        if self.slack_bot_token:
            return "slack"
        if self.teams_app_id:
            return "teams"
        return "console"
