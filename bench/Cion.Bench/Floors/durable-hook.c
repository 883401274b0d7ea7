/* The least a post-receive hook can do and still keep cion's promise that a job git accepted
 * is never lost: read git's ref lines, write them to a file in spool/tmp, fsync it, rename it
 * into spool/new, fsync that folder. No parsing, no config, no job format. The hook-cost
 * benchmark compiles this (with -DSPOOL="...") and installs the binary itself as the hook, as
 * cion install-hook links cion: the floor for cion's own hook. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#ifndef SPOOL
#error "compile with -DSPOOL=\"/path/to/spool\""
#endif

int main(void)
{
    char tmp[4096], new[4096], dir[4096], buf[65536];
    snprintf(tmp, sizeof tmp, "%s/tmp/floor.%d.job", SPOOL, getpid());
    snprintf(new, sizeof new, "%s/new/floor.%d.job", SPOOL, getpid());
    snprintf(dir, sizeof dir, "%s/new", SPOOL);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0) return 1;
    ssize_t n;
    while ((n = read(0, buf, sizeof buf)) > 0)
        if (write(fd, buf, (size_t)n) != n) return 1;
    if (fsync(fd) != 0 || close(fd) != 0 || rename(tmp, new) != 0) return 1;
    int d = open(dir, O_RDONLY | O_DIRECTORY);
    if (d < 0 || fsync(d) != 0) return 1;
    return close(d);
}
