// A graph/ file reaching forward into search/: the layering check must refuse it.
#include "hwnas/graph/graph.hpp"
#include "hwnas/search/pareto.hpp"
