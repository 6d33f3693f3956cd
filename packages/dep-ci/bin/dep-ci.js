#!/usr/bin/env node
import '../dist/bundle/dep-ci.js';
