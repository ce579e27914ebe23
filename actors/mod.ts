/**
 * actors/ — see ../ARCHITECTURE notes in README.md. Nothing is exported yet.
 * @module
 */

export {};
