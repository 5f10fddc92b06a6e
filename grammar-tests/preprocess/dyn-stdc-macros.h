// Standard macros that stay with -undef.
__STDC__ __STDC_VERSION__ __STDC_HOSTED__
