"""podcast:guid follows the Podcasting 2.0 spec's own examples."""

import pytest

from audionews.podcast_ns import podcast_guid


@pytest.mark.parametrize(
    ("url", "guid"),
    [
        # Vectors from the podcast namespace spec (docs/tags/guid.md).
        ("https://mp3s.nashownotes.com/pc20rss.xml", "917393e3-1b1e-5cef-ace4-edaa54e1f810"),
        ("podnews.net/rss", "9b024349-ccf0-5f69-a609-6b82873eab3c"),
        # Scheme and trailing slashes do not change the guid.
        ("https://podnews.net/rss/", "9b024349-ccf0-5f69-a609-6b82873eab3c"),
        ("http://podnews.net/rss//", "9b024349-ccf0-5f69-a609-6b82873eab3c"),
    ],
)
def test_podcast_guid_matches_spec(url, guid):
    assert podcast_guid(url) == guid
