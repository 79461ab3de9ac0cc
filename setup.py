"""The one compiled part of newsdump: boosted-tree evaluation (newsdump/_trees.c).

Optional: where no C compiler is found the build goes on without it and newsdump/trees.py
evaluates the same trees in Python, with identical scores, only slower."""

from setuptools import Extension, setup

setup(ext_modules=[Extension("newsdump._trees", ["newsdump/_trees.c"], optional=True)])
