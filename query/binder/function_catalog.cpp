#include "query/binder/function_catalog.h"

#include <strings.h>

namespace kg::query {

namespace {

const FunctionInfo kFunctions[] = {
    {"count", FunctionId::kCount, 1, 1, true},
    {"sum", FunctionId::kSum, 1, 1, true},
    {"avg", FunctionId::kAvg, 1, 1, true},
    {"min", FunctionId::kMin, 1, 1, true},
    {"max", FunctionId::kMax, 1, 1, true},
    {"collect", FunctionId::kCollect, 1, 1, true},
    {"stDev", FunctionId::kStDev, 1, 1, true},
    {"stDevP", FunctionId::kStDevP, 1, 1, true},
    {"percentileCont", FunctionId::kPercentileCont, 2, 2, true},
    {"percentileDisc", FunctionId::kPercentileDisc, 2, 2, true},
    {"abs", FunctionId::kAbs, 1, 1, false},
    {"ceil", FunctionId::kCeil, 1, 1, false},
    {"floor", FunctionId::kFloor, 1, 1, false},
    {"round", FunctionId::kRound, 1, 1, false},
    {"sign", FunctionId::kSign, 1, 1, false},
    {"sqrt", FunctionId::kSqrt, 1, 1, false},
    {"exp", FunctionId::kExp, 1, 1, false},
    {"log", FunctionId::kLog, 1, 1, false},
    {"log10", FunctionId::kLog10, 1, 1, false},
    {"sin", FunctionId::kSin, 1, 1, false},
    {"cos", FunctionId::kCos, 1, 1, false},
    {"tan", FunctionId::kTan, 1, 1, false},
    {"cot", FunctionId::kCot, 1, 1, false},
    {"asin", FunctionId::kAsin, 1, 1, false},
    {"acos", FunctionId::kAcos, 1, 1, false},
    {"atan", FunctionId::kAtan, 1, 1, false},
    {"atan2", FunctionId::kAtan2, 2, 2, false},
    {"pi", FunctionId::kPi, 0, 0, false},
    {"e", FunctionId::kE, 0, 0, false},
    {"rand", FunctionId::kRand, 0, 0, false},
    {"degrees", FunctionId::kDegrees, 1, 1, false},
    {"radians", FunctionId::kRadians, 1, 1, false},
    {"haversin", FunctionId::kHaversin, 1, 1, false},
    {"toInteger", FunctionId::kToInteger, 1, 1, false},
    {"toFloat", FunctionId::kToFloat, 1, 1, false},
    {"toString", FunctionId::kToString, 1, 1, false},
    {"toBoolean", FunctionId::kToBoolean, 1, 1, false},
    {"toIntegerOrNull", FunctionId::kToIntegerOrNull, 1, 1, false},
    {"toFloatOrNull", FunctionId::kToFloatOrNull, 1, 1, false},
    {"toStringOrNull", FunctionId::kToStringOrNull, 1, 1, false},
    {"toBooleanOrNull", FunctionId::kToBooleanOrNull, 1, 1, false},
    {"toLower", FunctionId::kToLower, 1, 1, false},
    {"toUpper", FunctionId::kToUpper, 1, 1, false},
    {"lower", FunctionId::kToLower, 1, 1, false},
    {"upper", FunctionId::kToUpper, 1, 1, false},
    {"trim", FunctionId::kTrim, 1, 1, false},
    {"lTrim", FunctionId::kLTrim, 1, 1, false},
    {"rTrim", FunctionId::kRTrim, 1, 1, false},
    {"replace", FunctionId::kReplace, 3, 3, false},
    {"substring", FunctionId::kSubstring, 2, 3, false},
    {"left", FunctionId::kLeft, 2, 2, false},
    {"right", FunctionId::kRight, 2, 2, false},
    {"split", FunctionId::kSplit, 2, 2, false},
    {"reverse", FunctionId::kReverse, 1, 1, false},
    {"size", FunctionId::kSize, 1, 1, false},
    {"length", FunctionId::kLength, 1, 1, false},
    {"type", FunctionId::kType, 1, 1, false},
    {"labels", FunctionId::kLabels, 1, 1, false},
    {"keys", FunctionId::kKeys, 1, 1, false},
    {"properties", FunctionId::kProperties, 1, 1, false},
    {"id", FunctionId::kId, 1, 1, false},
    {"elementId", FunctionId::kElementId, 1, 1, false},
    {"nodes", FunctionId::kNodes, 1, 1, false},
    {"relationships", FunctionId::kRelationships, 1, 1, false},
    {"startNode", FunctionId::kStartNode, 1, 1, false},
    {"endNode", FunctionId::kEndNode, 1, 1, false},
    {"coalesce", FunctionId::kCoalesce, 1, -1, false},
    {"head", FunctionId::kHead, 1, 1, false},
    {"last", FunctionId::kLast, 1, 1, false},
    {"tail", FunctionId::kTail, 1, 1, false},
    {"range", FunctionId::kRange, 2, 3, false},
    {"exists", FunctionId::kExists, 1, 1, false},
    {"isEmpty", FunctionId::kIsEmpty, 1, 1, false},
    {"toList", FunctionId::kToList, 1, 1, false},
};

}  // namespace

const FunctionInfo* LookupFunction(std::string_view name) {
  for (const auto& f : kFunctions) {
    std::string_view fn(f.name);
    if (fn.size() == name.size() && strncasecmp(fn.data(), name.data(), fn.size()) == 0) {
      return &f;
    }
  }
  return nullptr;
}

const FunctionInfo& GetFunction(FunctionId id) {
  for (const auto& f : kFunctions) {
    if (f.id == id) {
      return f;
    }
  }
  return kFunctions[0];
}

std::vector<std::string> FunctionNames() {
  std::vector<std::string> out;
  for (const auto& f : kFunctions) {
    out.push_back(f.name);
  }
  return out;
}

}  // namespace kg::query
