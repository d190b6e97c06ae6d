"""Batch drafting: many targets in one run, nothing lost, nothing twice.

- ``run_batch(BatchJob) -> Summary`` (``runner.py``; the job and its summary in
  ``job.py``): drafts every target not yet in the output, concurrently with the LLM
  engine (one shared backoff), recording each note in the history and appending one
  JSONL line per target as soon as it is ready.
- ``prepare(path)`` (``output.py``): repairs an interrupted output (torn last line) and
  returns what is already done, so rerunning the same command resumes.
- ``Progress`` (``progress.py``): a bar on a terminal, plain lines otherwise.

Targets are read by ``composer.batch.targets.read_targets``.
"""

from __future__ import annotations

from composer.batch.job import BatchJob, Summary
from composer.batch.output import LineWriter, Resume, prepare
from composer.batch.progress import Progress
from composer.batch.runner import run_batch

__all__ = ["BatchJob", "LineWriter", "Progress", "Resume", "Summary", "prepare", "run_batch"]
