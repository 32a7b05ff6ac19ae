#include "CKernels.h"

int ck_trace_active = 0;
