#include "CKernels.h"

int ck_intercept_flags = 0;
