# Shoal: the two commands of the README's quick start, and their helpers.
#   make run    install what is missing, build, and run the Shoal daemon on ~/Shoal
#   make test   install what is missing, build, and run every test
# Set SUDO= when already root (the default uses sudo only when needed).
# make run uses Shoal's own default home ($$SHOAL_HOME, else $$XDG_DATA_HOME/shoal,
# else ~/.local/share/shoal), the same one 'shoal id' reads later.

SHELL := /bin/bash
SUDO ?= $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := libsodium-dev liblz4-dev libavahi-client-dev libsqlite3-dev libssl-dev pkg-config \
	avahi-daemon dbus iproute2 util-linux
BIN := .build/release/shoal
SHOAL_FOLDER ?= $(HOME)/Shoal
HOME_ARG := $(if $(SHOAL_HOME),--home "$(SHOAL_HOME)")

.PHONY: run test deps build release bench bench-transport bench-sync bench-sync-quick syncthing-dep sim clean

## Install the system packages Shoal needs, if any is missing.
deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null \
		| grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing: $$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	swift build

release: deps
	swift build -c release --product shoal

## Build Shoal, make this device's identity if needed, share ~/Shoal (SHOAL_FOLDER)
## as folder "default", and run the daemon in the foreground (Ctrl-C stops it).
run: release
	@$(BIN) init $(HOME_ARG) >/dev/null
	@mkdir -p "$(SHOAL_FOLDER)"
	@$(BIN) folder list --json $(HOME_ARG) | grep -q '"id" : "default"' \
		|| $(BIN) folder add default "$(SHOAL_FOLDER)" $(HOME_ARG) >/dev/null
	@echo "This device:    $$($(BIN) id $(HOME_ARG))"
	@echo "Synced folder:  $(SHOAL_FOLDER) (folder ID: default)"
	@echo "To add a peer, run 'make run' on the other machine too, then on each one:"
	@echo "  $(abspath $(BIN)) peer list --discovered        # devices seen on the LAN"
	@echo "  $(abspath $(BIN)) peer add OTHER_DEVICE_ID      # or an unambiguous prefix of it"
	@echo "  $(abspath $(BIN)) folder share default OTHER_DEVICE_ID"
	@echo "Walk-through: Docs/USAGE.md. Starting the daemon; Ctrl-C stops it."
	@exec $(BIN) daemon $(HOME_ARG)

## Build and run every test. The tests on real sockets run first, on their
## own: in one process the CPU-bound simulation and chunker tests would hold
## both of Swift concurrency's threads (2 cores) for seconds at a time, and
## starve the socket tests' tasks into timeouts. The end-to-end tests of real
## daemons (loopback, then network namespaces) run last, also on their own.
test: deps
	swift build --build-tests
	swift test --skip-build --filter ShoalRuntimeTests
	swift test --skip-build --skip ShoalRuntimeTests --skip ShoalEndToEndTests
	swift test --skip-build --filter ShoalEndToEndTests

## Chunker and hash throughput, then scan throughput next to the single-threaded
## hash tools (method and results: Docs/PERFORMANCE.md). Data goes to /tmp.
bench: release
	swift build -c release --product shoal-bench
	.build/release/shoal-bench
	python3 Benchmarks/scan_benchmark.py

## Shoal against Syncthing (Debian's, installed if missing) on loopback, with
## cp -r and rsync baselines: bulk, latency, small files, delta (issue 7; method
## and results: Docs/PERFORMANCE.md, "Against Syncthing"). Prints one table and
## writes it as JSON to Benchmarks/results/. The quick mode uses small sizes.
syncthing-dep:
	@for p in syncthing rsync; do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' \
		|| { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$p; }; done

bench-sync: release syncthing-dep
	python3 Benchmarks/syncthing_benchmark.py

bench-sync-quick: release syncthing-dep
	python3 Benchmarks/syncthing_benchmark.py --quick

## Deterministic network simulations: 2000 seeds of 5 nodes (Docs/SIMULATION.md).
sim: deps
	swift run -c release shoal-sim --seeds 2000 --nodes 5 --ops 200

## Encrypted transport throughput between two processes over loopback,
## next to libsodium's raw secretstream speed (see Docs/ARCHITECTURE.md).
bench-transport: deps
	swift build -c release --product shoal-transport-bench
	.build/release/shoal-transport-bench

clean:
	rm -rf .build
