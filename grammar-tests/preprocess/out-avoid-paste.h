// Adjacent tokens from different sources must not run together in the output.
#define P +
#define M -
#define E
#define SL /
#define ID(x) x
+P -M -E- x/E/y SL/ /SL ID(+)+ a E b ID(.)ID(.)ID(.) 1 E.2 0x ID(e)ID(+)1 <ID(:) ID(%):
