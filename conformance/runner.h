#ifndef SECURER_CONFORM_RUNNER_H
#define SECURER_CONFORM_RUNNER_H
int conform_main(int argc, char **argv);
#endif
