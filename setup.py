"""The one compiled part of newsdump: its two slowest inner loops in C (newsdump/_speedups.c):
boosted-tree evaluation and the language identifier's byte automaton.

Optional: where no C compiler is found the build goes on without it and newsdump runs the same
loops in Python (trees.py, py3langid), with identical results, only slower."""

from setuptools import Extension, setup

setup(ext_modules=[Extension("newsdump._speedups", ["newsdump/_speedups.c"], optional=True)])
