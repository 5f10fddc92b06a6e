/* part of files.h's library: declarations of a second file */
#define PART_VERSION 3
struct part_rec {
    int id;
    const char *name;
};
int part_open(struct part_rec *rec);
