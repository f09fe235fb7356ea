"""A pytest plugin (``-p support.acme_plugin``) that registers the toy "acme" provider in
`attempts_sdk.PROVIDERS` before collection: the provider-wide suites then run on it too, as on a
new provider package added with one registry entry."""

from attempts_sdk._registry import register
from support.acme import PROVIDER

register(PROVIDER)
