#ifndef LOANSIM_CGSL_SHIM_H
#define LOANSIM_CGSL_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_erf.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_integration.h>

/* Swift 6 rejects references to GSL's mutable `gsl_rng_<type>` globals; these getters expose them. */
static inline const gsl_rng_type *loansim_rng_taus2(void) { return gsl_rng_taus2; }
static inline const gsl_rng_type *loansim_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_rng_type *loansim_rng_ranlxd2(void) { return gsl_rng_ranlxd2; }
static inline const gsl_rng_type *loansim_rng_ranlux389(void) { return gsl_rng_ranlux389; }
static inline const gsl_rng_type *loansim_rng_gfsr4(void) { return gsl_rng_gfsr4; }

/* The fixed-node Gauss–Hermite rule type (a global, like the generator types). */
static inline const gsl_integration_fixed_type *loansim_fixed_hermite(void) { return gsl_integration_fixed_hermite; }

#endif
