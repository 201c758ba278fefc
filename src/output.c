#include "output.h"
#include "job.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int pd_mkdir_p(const char *dir, pd_diags *d)
{
    char *p = pd_xstrdup(dir);
    int rc = 0;
    for (char *s = p + 1;; s++) {
        if (*s == '/' || *s == '\0') {
            char c = *s;
            *s = '\0';
            if (mkdir(p, 0777) < 0 && errno != EEXIST) {
                rc = pd_error(d, p, 0, 0, "cannot create folder: %s", strerror(errno));
                break;
            }
            *s = c;
            if (!c)
                break;
        }
    }
    free(p);
    return rc;
}

static int S_write_all(int fd, const char *path, const void *data, size_t len, pd_diags *d)
{
    const char *p = data;
    size_t left = len;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return pd_error(d, path, 0, 0, "cannot write: %s", strerror(errno));
        p += w;
        left -= (size_t)w;
    }
    return 0;
}

/* A device or pipe named as the output ("--report /dev/stderr", a FIFO) is written to, not
 * replaced: renaming a file over it would put a regular file where the device was. Appended
 * to, as a shell's ">>" would: /dev/stderr may be a log file that already holds text. */
static int S_write_special(const char *path, const void *data, size_t len, pd_diags *d)
{
    int fd = open(path, O_WRONLY | O_APPEND);
    if (fd < 0)
        return pd_error(d, path, 0, 0, "cannot open: %s", strerror(errno));
    int rc = S_write_all(fd, path, data, len, d);
    if (close(fd) < 0 && rc == 0)
        rc = pd_error(d, path, 0, 0, "cannot write: %s", strerror(errno));
    return rc;
}

int pd_write_atomic(const char *path, const void *data, size_t len, pd_diags *d)
{
    struct stat st;
    if ((stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) ||
        strncmp(path, "/dev/", 5) == 0 || strncmp(path, "/proc/", 6) == 0)
        return S_write_special(path, data, len, d);
    /* through a symbolic link, the file it names is replaced, not the link */
    char *real = lstat(path, &st) == 0 && S_ISLNK(st.st_mode) ? realpath(path, NULL) : NULL;
    if (real) {
        int rc = pd_write_atomic(real, data, len, d);
        free(real);
        return rc;
    }
    char *dir = pd_path_dir(path);
    int rc = pd_mkdir_p(dir, d);
    free(dir);
    if (rc < 0)
        return -1;
    char *tmp = pd_asprintf("%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        rc = pd_error(d, path, 0, 0, "cannot create temporary file: %s", strerror(errno));
        free(tmp);
        return rc;
    }
    rc = S_write_all(fd, path, data, len, d);
    /* Outputs are published files: the usual umask-governed mode, not mkstemp's 0600. */
    mode_t mask = umask(0);
    umask(mask);
    if (rc == 0 && fchmod(fd, 0666 & ~mask) < 0)
        rc = pd_error(d, path, 0, 0, "cannot set mode: %s", strerror(errno));
    if (close(fd) < 0 && rc == 0)
        rc = pd_error(d, path, 0, 0, "cannot write: %s", strerror(errno));
    if (rc == 0 && rename(tmp, path) < 0)
        rc = pd_error(d, path, 0, 0, "cannot rename into place: %s", strerror(errno));
    if (rc < 0)
        unlink(tmp);
    free(tmp);
    return rc;
}

int pd_job_write(pd_job *job, const char *name, const void *data, size_t len)
{
    char *path = pd_path_join(job->out_dir, name);
    int rc = pd_write_atomic(path, data, len, job->diags);
    free(path);
    return rc;
}
