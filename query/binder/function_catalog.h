// The built-in function catalog: names, arities and whether a function aggregates. The binder
// resolves names against it (case-insensitively, with "did you mean"); the executor implements
// each FunctionId.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kg::query {

enum class FunctionId {
  // aggregates
  kCount, kSum, kAvg, kMin, kMax, kCollect, kStDev, kStDevP, kPercentileCont, kPercentileDisc,
  // scalar
  kAbs, kCeil, kFloor, kRound, kSign, kSqrt, kExp, kLog, kLog10, kSin, kCos, kTan, kCot, kAsin,
  kAcos, kAtan, kAtan2, kPi, kE, kRand, kDegrees, kRadians, kHaversin,
  kToInteger, kToFloat, kToString, kToBoolean, kToIntegerOrNull, kToFloatOrNull,
  kToStringOrNull, kToBooleanOrNull,
  kToLower, kToUpper, kTrim, kLTrim, kRTrim, kReplace, kSubstring, kLeft, kRight, kSplit,
  kReverse, kSize, kLength, kType, kLabels, kKeys, kProperties, kId, kElementId, kNodes,
  kRelationships, kStartNode, kEndNode, kCoalesce, kHead, kLast, kTail, kRange, kExists,
  kIsEmpty, kToList,
};

struct FunctionInfo {
  const char* name;  // canonical spelling
  FunctionId id;
  int min_args;
  int max_args;  // -1 = variadic
  bool aggregate;
};

// Returns the function named `name` (case-insensitive), or nullptr.
const FunctionInfo* LookupFunction(std::string_view name);
const FunctionInfo& GetFunction(FunctionId id);
std::vector<std::string> FunctionNames();

}  // namespace kg::query
