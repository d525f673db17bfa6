// KG_ASSERT / KG_UNREACHABLE: programmer errors only, never reachable from user input.
#pragma once

#include <cstdio>
#include <cstdlib>

#define KG_ASSERT(cond)                                                              \
  do {                                                                               \
    if (!(cond)) {                                                                   \
      std::fprintf(stderr, "kg: internal error: assertion '%s' failed at %s:%d\n", #cond, \
                   __FILE__, __LINE__);                                              \
      std::abort();                                                                  \
    }                                                                                \
  } while (0)

#define KG_UNREACHABLE()                                                                      \
  do {                                                                                        \
    std::fprintf(stderr, "kg: internal error: unreachable code at %s:%d\n", __FILE__, __LINE__); \
    std::abort();                                                                             \
  } while (0)
