"""monitor: follows ceasefire negotiations in the news and reports who said what."""

__version__ = "0.1.0"
USER_AGENT = (
    f"monitor/{__version__} (news-monitoring bot; +https://github.com/monitor-news/monitor)"
)
