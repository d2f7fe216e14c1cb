"""The naive pipeline the issue measures against (kept here so the benchmark can run it).

Split on blank lines; synthesize each paragraph (espeak-ng through the same library
call audionews uses, or gTTS through its own public API, which opens a session per
request); ``AudioSegment.from_file`` per clip; ``+`` in a loop; ``export`` to MP3.
Deliberately unoptimized: it is the baseline, not an example.

    python benchmarks/naive_pipeline.py ARTICLE OUT.mp3 [--engine espeak|gtts]
"""

from __future__ import annotations

import argparse
import io
import subprocess
import warnings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("article")
    parser.add_argument("output")
    parser.add_argument("--engine", choices=("espeak", "gtts"), default="espeak")
    args = parser.parse_args()
    run(args.article, args.output, args.engine)


def run(article: str, output: str, engine: str) -> int:
    """Build ``output`` from ``article``; return the number of clips made."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pydub import AudioSegment

    from audionews.audio import ffmpeg_exe

    AudioSegment.converter = ffmpeg_exe()
    with open(article, encoding="utf-8") as handle:
        paragraphs = [p.strip() for p in handle.read().split("\n\n") if p.strip()]

    episode = AudioSegment.silent(duration=0)
    for paragraph in paragraphs:
        if engine == "espeak":
            from audionews.engines.espeak import EspeakEngine

            data = EspeakEngine().synthesize(paragraph)
            clip = AudioSegment.from_file(io.BytesIO(data), format="wav")
        else:
            from gtts import gTTS

            buffer = io.BytesIO()
            gTTS(paragraph, lang="vi").write_to_fp(buffer)
            # What AudioSegment.from_file(buffer, format="mp3") does, minus its ffprobe
            # call (no ffprobe ships in the imageio-ffmpeg wheel): one ffmpeg per clip.
            wav = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", "pipe:0", "-f", "wav",
                                  "pipe:1"], input=buffer.getvalue(), capture_output=True,
                                 check=True).stdout
            clip = AudioSegment.from_file(io.BytesIO(wav), format="wav")
        episode = episode + clip + AudioSegment.silent(duration=400)
    episode.export(output, format="mp3", bitrate="64k")
    return len(paragraphs)


if __name__ == "__main__":
    main()
