# kg: the two set-up commands are `make demo` and `make test`.
BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo
DB ?= kg.db
# One clang build with ASan+UBSan and libFuzzer coverage serves `make test-asan` and `make fuzz`.
ASAN_BUILD ?= build-asan
FUZZ_SECONDS ?= 30
ASAN_CMAKE_FLAGS ?= -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" -DKG_SANITIZE=ON -DKG_FUZZ=ON -DKG_BUILD_BENCH=OFF

.PHONY: all deps build test demo clean asan-build test-asan fuzz bench bench-scale format

all: build

deps:
	@./scripts/install-deps.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

demo: build
	./scripts/demo.sh $(BUILD)/kg $(DB)

$(ASAN_BUILD)/CMakeCache.txt:
	cmake -S . -B $(ASAN_BUILD) $(ASAN_CMAKE_FLAGS)

asan-build: deps $(ASAN_BUILD)/CMakeCache.txt
	cmake --build $(ASAN_BUILD) -j $(JOBS)

test-asan: asan-build
	cd $(ASAN_BUILD) && UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	  ctest --output-on-failure -j $(JOBS)

# Each libFuzzer target for FUZZ_SECONDS (scripts/fuzz.sh).
fuzz: asan-build
	./scripts/fuzz.sh $(ASAN_BUILD) $(FUZZ_SECONDS)

bench: build
	./bench/run.sh $(BUILD)

# The same questions at 1M and 10M edges and how each figure grows (about an hour; not in CI).
bench-scale: build
	./bench/scale.sh $(BUILD)

format:
	clang-format -i $$(git ls-files '*.cpp' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
