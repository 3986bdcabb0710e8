/* menu.h: `baton menu`: the ncurses boot menu, a client of the daemon. */
#ifndef BATON_UI_MENU_H
#define BATON_UI_MENU_H

int menu_main(int argc, char **argv);

#endif
