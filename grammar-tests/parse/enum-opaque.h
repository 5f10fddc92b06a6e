/* Forward-declared enums (a GNU extension), defined later or never. */
enum later;
enum later { L1, L2 };
enum never;
