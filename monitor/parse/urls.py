"""Canonical article URLs: one spelling per page, without tracking parameters."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit, urlunsplit

# Query parameters that only say where a click came from; removing them never changes the page.
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gclsrc", "msclkid", "yclid", "twclid", "ttclid", "li_fat_id",
        "mc_cid", "mc_eid", "ocid", "cmpid", "cmp", "ref", "ref_src", "ref_url", "referrer",
        "_ga", "_gl", "_hsenc", "_hsmi", "igshid", "igsh", "icid", "s_cid", "wt.mc_id",
        "wt_mc", "mbid", "smid", "sr_share", "soc_src", "soc_trk", "spm",
        "guccounter", "guce_referrer", "guce_referrer_sig", "ito", "at_medium", "at_campaign",
        "at_custom1", "at_custom2", "at_custom3", "at_custom4",
        "ncid", "cid_source", "xtor", "mkt_tok", "vero_id", "oly_enc_id", "oly_anon_id",
        "rb_clickid", "__twitter_impression", "trk", "trkcampaign", "sc_cid", "ns_mchannel",
        "ns_source", "ns_campaign", "ns_linkname", "ns_fee",
    }
)
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hmb_")
_DEFAULT_PORTS = {"http": "80", "https": "443"}
_NETLOC = re.compile(r"^(?P<userinfo>[^@]*@)?(?P<host>\[[^\]]*\]|[^:]*)(?::(?P<port>\d*))?$")


def is_tracking_param(name: str) -> bool:
    key = name.lower()
    return key in TRACKING_PARAMS or key.startswith(_TRACKING_PREFIXES)


def canonical_url(url: str, base: str | None = None) -> str:
    """`url` made absolute (against `base`), normalised, fragment and tracking parameters gone."""
    url = url.strip()
    if base:
        url = urljoin(base, url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    netloc = parts.netloc
    match = _NETLOC.match(netloc)
    if match:
        host = match.group("host").lower().rstrip(".")
        port = match.group("port")
        netloc = (match.group("userinfo") or "") + host
        if port and _DEFAULT_PORTS.get(scheme) != port:
            netloc += ":" + port
    path = parts.path or ("/" if netloc else "")
    kept = [
        pair
        for pair in parts.query.split("&")
        if pair and not is_tracking_param(pair.split("=", 1)[0])
    ]
    return urlunsplit((scheme, netloc, path, "&".join(kept), ""))
