/* Attributes on enumerators. */
enum with_attrs {
    EA_OLD __attribute__((deprecated)) = 1,
    EA_NEW,
    EA_GONE __attribute__((deprecated("use EA_NEW"))),
};
