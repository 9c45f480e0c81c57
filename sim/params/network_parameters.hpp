// Parameters of the social network (see parameter_list.hpp for the entry format).
#pragma once

// clang-format off
#define WELFARE_NETWORK_PARAMETERS(X)
// clang-format on
