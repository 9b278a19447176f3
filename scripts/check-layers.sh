#!/usr/bin/env bash
# The package layers of docs/ARCHITECTURE.md: core floors only import downward, no slice imports another, the
# Gateway and the core name no slice, only the command line uses the simulated BMC. Fails when one does.
cd "$(dirname "$0")/.." && exec mvn -B -o -q test -Dtest=ArchitectureTest -Dsurefire.failIfNoSpecifiedTests=false "$@"
